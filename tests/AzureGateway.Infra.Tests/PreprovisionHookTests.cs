namespace AzureGateway.Infra.Tests;

/// <summary>
/// infra/hooks/preprovision.sh, run with the machine's sh against stand-in az and azd CLIs (FakeAz/): the az keeps
/// each app registration as a folder, the azd records the values the hook sets, and both log nothing else.
/// </summary>
public sealed class PreprovisionHookTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("azuregateway-preprovision-").FullName;

    private string Entra => Path.Combine(_work, "entra");

    private string AzLog => Path.Combine(_work, "az.log");

    private string AzdEnv => Path.Combine(_work, "azd.env");

    public PreprovisionHookTests() => Directory.CreateDirectory(Entra);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Without_a_sync_app_it_registers_one_for_the_environment_and_sets_its_client_id()
    {
        var run = Preprovision();

        Assert.True(run.ExitCode == 0, run.Output);
        var app = Assert.Single(Directory.GetDirectories(Entra));
        var appId = Path.GetFileName(app);
        Assert.Equal("azuregateway-sync-dev", File.ReadAllText(Path.Combine(app, "displayName")));
        Assert.Equal([$"api://{appId}"], File.ReadAllLines(Path.Combine(app, "identifierUris")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(app, "requestedAccessTokenVersion")));
        Assert.True(File.Exists(Path.Combine(app, "servicePrincipal")), "no service principal was created: Entra would issue no token for the app");
        Assert.Contains("--sign-in-audience AzureADMyOrg", Assert.Single(AzCalls(), c => c.StartsWith("az ad app create", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal([$"AZURE_SYNC_APP_CLIENT_ID={appId}"], File.ReadAllLines(AzdEnv));
    }

    [Fact]
    public void An_app_registered_by_an_earlier_run_is_found_and_not_registered_again()
    {
        var existing = Register("azuregateway-sync-dev", "00000000-0000-0000-0000-0000000000aa", configured: true, withServicePrincipal: true);

        var run = Preprovision();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal([existing], Directory.GetDirectories(Entra).Select(Path.GetFileName));
        Assert.DoesNotContain(AzCalls(), c => c.StartsWith("az ad app create", StringComparison.Ordinal)
            || c.StartsWith("az ad app update", StringComparison.Ordinal) || c.StartsWith("az ad sp create", StringComparison.Ordinal));
        Assert.Equal([$"AZURE_SYNC_APP_CLIENT_ID={existing}"], File.ReadAllLines(AzdEnv));
    }

    [Fact]
    public void A_found_app_without_its_identifier_uri_token_version_or_service_principal_gets_them()
    {
        var existing = Register("azuregateway-sync-dev", "00000000-0000-0000-0000-0000000000aa", configured: false, withServicePrincipal: false);

        var run = Preprovision();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Single(Directory.GetDirectories(Entra));
        Assert.Equal([$"api://{existing}"], File.ReadAllLines(Path.Combine(Entra, existing, "identifierUris")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(Entra, existing, "requestedAccessTokenVersion")));
        Assert.True(File.Exists(Path.Combine(Entra, existing, "servicePrincipal")));
    }

    [Fact]
    public void An_app_whose_name_only_starts_with_the_environments_is_not_taken()
    {
        var other = Register("azuregateway-sync-dev2", "00000000-0000-0000-0000-0000000000bb", configured: true, withServicePrincipal: true);

        var run = Preprovision();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(2, Directory.GetDirectories(Entra).Length);
        var set = Assert.Single(File.ReadAllLines(AzdEnv));
        Assert.StartsWith("AZURE_SYNC_APP_CLIENT_ID=", set, StringComparison.Ordinal);
        Assert.DoesNotContain(other, set, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_client_id_already_set_it_calls_neither_az_nor_azd()
    {
        var run = Preprovision(new() { ["AZURE_SYNC_APP_CLIENT_ID"] = "33333333-3333-3333-3333-333333333333" });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Empty(AzCalls());
        Assert.False(File.Exists(AzdEnv), "azd env set was called");
        Assert.Empty(Directory.GetDirectories(Entra));
    }

    [Fact]
    public void When_entra_refuses_the_registration_it_warns_once_and_lets_provisioning_go_on()
    {
        var run = Preprovision(new() { ["FAKE_ENTRA_REFUSE"] = "1" });

        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(run.Output.Split('\n'), line => line.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("cluster-change notices stay off", warning, StringComparison.Ordinal);
        Assert.Contains("15-minute reconcile", warning, StringComparison.Ordinal);
        Assert.False(File.Exists(AzdEnv), "a client id was set without an app registration");
    }

    [Fact]
    public void Without_the_environment_name_it_stops_with_one_line()
    {
        var run = Preprovision(new() { ["AZURE_ENV_NAME"] = "" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error: AZURE_ENV_NAME is not set", run.Output, StringComparison.Ordinal);
        Assert.Empty(AzCalls());
    }

    private HookScripts.Run Preprovision(Dictionary<string, string>? overrides = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.Combine(AppContext.BaseDirectory, "FakeAz")}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_ENTRA"] = Entra,
            ["FAKE_AZ_LOG"] = AzLog,
            ["FAKE_AZD_ENV"] = AzdEnv,
            ["AZURE_ENV_NAME"] = "dev",
            // The test process may run inside an azd environment of its own.
            ["AZURE_SYNC_APP_CLIENT_ID"] = "",
        };
        foreach (var (name, value) in overrides ?? [])
        {
            environment[name] = value;
        }
        return HookScripts.Execute([RepositoryFiles.File("infra", "hooks", "preprovision.sh")], environment);
    }

    /// <summary>An app registration as the stand-in az keeps it; configured: with its identifier URI and version 2 tokens.</summary>
    private string Register(string displayName, string appId, bool configured, bool withServicePrincipal)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Entra, appId)).FullName;
        File.WriteAllText(Path.Combine(folder, "displayName"), displayName);
        File.WriteAllText(Path.Combine(folder, "identifierUris"), configured ? $"api://{appId}\n" : "");
        File.WriteAllText(Path.Combine(folder, "requestedAccessTokenVersion"), configured ? "2" : "");
        if (withServicePrincipal)
        {
            File.WriteAllText(Path.Combine(folder, "servicePrincipal"), "");
        }
        return appId;
    }

    private IReadOnlyList<string> AzCalls() => File.Exists(AzLog) ? File.ReadAllLines(AzLog) : [];
}
