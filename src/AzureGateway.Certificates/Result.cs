namespace AzureGateway.Certificates;

/// <summary>A value, or a sentence saying why there is none. Problems a user can cause are results, not exceptions.</summary>
public readonly record struct Result<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;
    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(string error) => new(default, error);
}
