using System.Reflection;

namespace AzureGateway.Conformance.Report;

/// <summary>
/// The <c>Feature</c> traits of every test method of the conformance suite, read from its assembly: the TRX
/// logger does not write xUnit traits, so the results say how each test ended and the assembly says what it checks.
/// </summary>
public static class TestFeatures
{
    public const string Trait = "Feature";

    /// <summary>By <c>Namespace.Class.Method</c>, the features the method's traits name, sorted.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(string assemblyPath)
    {
        // Only attribute data is read: no test type is instantiated and no test code runs.
        var assembly = Assembly.LoadFrom(Path.GetFullPath(assemblyPath));
        var features = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var names = method.GetCustomAttributesData()
                    .Where(a => a.AttributeType.FullName == "Xunit.TraitAttribute"
                        && a.ConstructorArguments is [{ Value: Trait }, { Value: string }])
                    .Select(a => (string)a.ConstructorArguments[1].Value!)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (names.Count > 0)
                {
                    features[$"{type.FullName}.{method.Name}"] = names;
                }
            }
        }
        return features;
    }
}
