using AzureGateway.DataPlane.Health;
using k8s.Models;

namespace AzureGateway.Deploy.Tests;

public sealed class DeploymentTests
{
    private static readonly V1Deployment Deployment = DeployManifests.Single<V1Deployment>("deployment.yaml");
    private static readonly V1Container Gateway = Assert.Single(Deployment.Spec.Template.Spec.Containers);

    [Fact]
    public void TheDataPlaneRunsNonRootWithAReadOnlyRootFilesystemAndNoPrivilege()
    {
        var pod = Deployment.Spec.Template.Spec.SecurityContext;
        var container = Gateway.SecurityContext;

        Assert.True(pod?.RunAsNonRoot == true || container?.RunAsNonRoot == true, "runAsNonRoot is not set");
        Assert.NotEqual(0, container?.RunAsUser ?? pod?.RunAsUser);
        Assert.True(container?.ReadOnlyRootFilesystem, "readOnlyRootFilesystem is not set");
        Assert.False(container?.AllowPrivilegeEscalation ?? true, "privilege escalation is allowed");
        Assert.Equal(["ALL"], container?.Capabilities?.Drop ?? []);
        Assert.Equal("RuntimeDefault", (container?.SeccompProfile ?? pod?.SeccompProfile)?.Type);
    }

    [Fact]
    public void ProbesAskTheHealthPortTheGatewayIsToldToServe()
    {
        var healthPort = int.Parse(ArgumentAfter("--health-port"));

        Assert.Equal(HealthServer.LivenessPath, Gateway.LivenessProbe?.HttpGet?.Path);
        Assert.Equal(HealthServer.ReadinessPath, Gateway.ReadinessProbe?.HttpGet?.Path);
        Assert.Equal(healthPort, ContainerPort(Gateway.LivenessProbe!.HttpGet.Port));
        Assert.Equal(healthPort, ContainerPort(Gateway.ReadinessProbe!.HttpGet.Port));
    }

    [Fact]
    public void TheGatewayRunsInKubernetesModeWithTheAddressOfItsService()
    {
        var service = DeployManifests.Single<V1Service>("service.yaml");

        Assert.Equal(["run", "--kubernetes"], Gateway.Args.Take(2));
        Assert.Equal($"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}", ArgumentAfter("--address-service"));
        Assert.Equal(Deployment.Metadata.NamespaceProperty, service.Metadata.NamespaceProperty);
        Assert.Equal("LoadBalancer", service.Spec.Type);
    }

    [Fact]
    public void TheServiceReachesTheListenersThePortOffsetMakes()
    {
        var service = DeployManifests.Single<V1Service>("service.yaml");
        var offset = int.Parse(ArgumentAfter("--port-offset"));

        Assert.Equal([80, 443], service.Spec.Ports.Select(p => p.Port).Order());
        Assert.All(service.Spec.Ports, p => Assert.Equal(p.Port + offset, ContainerPort(p.TargetPort)));
        Assert.Equal(Deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
    }

    [Fact]
    public void TheContainerHasTheImageRuntimeSettingsResourcesAndAWritableTmp()
    {
        var environment = Gateway.Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.All(Dockerfile.Read().Environment, setting => Assert.Equal(setting.Value, environment.GetValueOrDefault(setting.Key)));
        Assert.Contains("cpu", Gateway.Resources.Requests.Keys);
        Assert.Contains("memory", Gateway.Resources.Requests.Keys);
        Assert.Contains("memory", Gateway.Resources.Limits.Keys);
        var tmp = Assert.Single(Gateway.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.NotNull(Assert.Single(Deployment.Spec.Template.Spec.Volumes, v => v.Name == tmp.Name).EmptyDir);
    }

    [Fact]
    public void EachReplicaKnowsItsPodNameAndNamespaceForTheLeaderElection()
    {
        var fields = Gateway.Env.Where(e => e.ValueFrom?.FieldRef is not null)
            .ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);

        Assert.Equal("metadata.name", fields.GetValueOrDefault("POD_NAME"));
        Assert.Equal("metadata.namespace", fields.GetValueOrDefault("POD_NAMESPACE"));
    }

    [Fact]
    public void PodsUseTheWorkloadIdentityServiceAccount()
    {
        var serviceAccount = DeployManifests.Single<V1ServiceAccount>("serviceaccount.yaml");

        Assert.Equal(serviceAccount.Metadata.Name, Deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("true", Deployment.Spec.Template.Metadata.Labels["azure.workload.identity/use"]);
        Assert.Contains("azure.workload.identity/client-id", serviceAccount.Metadata.Annotations.Keys);
        Assert.True(Deployment.Spec.Replicas >= 2, "a single replica leaves no one serving during a restart");
    }

    private static string ArgumentAfter(string option)
    {
        var index = Gateway.Args.IndexOf(option);
        Assert.True(index >= 0 && index + 1 < Gateway.Args.Count, $"the gateway's args have no {option} value");
        return Gateway.Args[index + 1];
    }

    /// <summary>The container port a probe or Service port names (by name or number).</summary>
    private static int ContainerPort(IntOrString port) =>
        int.TryParse(port.Value, out var number)
            ? number
            : Assert.Single(Gateway.Ports, p => p.Name == port.Value).ContainerPort;
}
