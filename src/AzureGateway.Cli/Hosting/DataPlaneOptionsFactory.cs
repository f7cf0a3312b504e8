using AzureGateway.DataPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// Makes the host's <see cref="DataPlaneOptions"/>: the options the code gives, with the configuration's
/// <see cref="DataPlaneOptions.SectionName"/> section bound over them. The options are an immutable record, which
/// <c>Configure</c> callbacks cannot change, so the instance is made here; validation then runs as for any options.
/// </summary>
internal sealed class DataPlaneOptionsFactory(
    DataPlaneOptions given, IConfiguration configuration,
    IEnumerable<IConfigureOptions<DataPlaneOptions>> setups, IEnumerable<IPostConfigureOptions<DataPlaneOptions>> postConfigures,
    IEnumerable<IValidateOptions<DataPlaneOptions>> validations)
    : OptionsFactory<DataPlaneOptions>(setups, postConfigures, validations)
{
    protected override DataPlaneOptions CreateInstance(string name)
    {
        var options = given with { };
        try
        {
            configuration.GetSection(DataPlaneOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // A value of the wrong type ("Failed to convert configuration value '-' at 'DataPlane:...'") is a bad
            // setting like any other, reported the same way.
            throw new OptionsValidationException(name, typeof(DataPlaneOptions), [e.Message]);
        }
        return options;
    }
}
