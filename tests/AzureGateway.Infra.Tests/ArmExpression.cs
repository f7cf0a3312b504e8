using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// Just enough of the ARM template expression language to read the strings Bicep compiles to
/// <c>format('...', variables('x').y, parameters('z'))</c> and to decide what a condition or a conditional value
/// comes to: string and integer literals, calls, property access; <c>format</c>, <c>variables</c>,
/// <c>parameters</c> (the values given, else their defaults), <c>true</c>, <c>false</c>, <c>not</c>,
/// <c>empty</c>, <c>equals</c>, <c>if</c> (only the branch taken), <c>createObject</c> and <c>union</c> of objects
/// are evaluated, other calls are not.
/// </summary>
internal sealed class ArmExpression
{
    private readonly string _text;
    private int _at;

    private ArmExpression(string text) => _text = text;

    /// <summary>The value of each <c>format(...)</c> call in <paramref name="expression"/> whose template starts with <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Formats(string expression, string prefix, JsonObject template)
    {
        if (!expression.StartsWith('[') || !expression.EndsWith(']'))
        {
            return [];
        }
        var parser = new ArmExpression(expression[1..^1]);
        var root = parser.Parse();
        return Calls(root, "format")
            .Where(call => call.Arguments is [Literal { Value: string text }, ..] && text.StartsWith(prefix, StringComparison.Ordinal))
            .Select(call => (string)Evaluate(call, new Scope(template, NoParameters))!);
    }

    /// <summary>
    /// The value of a template string (itself when it is not an expression) given <paramref name="parameters"/>:
    /// a string, long, bool, or JSON object or array.
    /// </summary>
    public static object? Evaluate(string value, JsonObject template, IReadOnlyDictionary<string, object?> parameters) =>
        Value(JsonValue.Create(value), new Scope(template, parameters));

    private static readonly Dictionary<string, object?> NoParameters = [];

    private Node Parse()
    {
        var node = ParseValue();
        Skip();
        return _at == _text.Length ? node : throw Error("end of expression");
    }

    private Node ParseValue()
    {
        Skip();
        Node node;
        if (Peek() == '\'')
        {
            node = new Literal(ParseString());
        }
        else if (char.IsDigit(Peek()) || Peek() == '-')
        {
            var start = _at++;
            while (_at < _text.Length && char.IsDigit(_text[_at]))
            {
                _at++;
            }
            node = new Literal(long.Parse(_text[start.._at], CultureInfo.InvariantCulture));
        }
        else
        {
            var name = ParseName();
            Expect('(');
            var arguments = new List<Node>();
            Skip();
            while (Peek() != ')')
            {
                arguments.Add(ParseValue());
                Skip();
                if (Peek() == ',')
                {
                    _at++;
                }
            }
            Expect(')');
            node = new Call(name, arguments);
        }
        while (_at < _text.Length && _text[_at] == '.')
        {
            _at++;
            node = new Property(node, ParseName());
        }
        return node;
    }

    private string ParseString()
    {
        Expect('\'');
        var value = new StringBuilder();
        while (true)
        {
            var c = _text[_at++];
            if (c == '\'')
            {
                if (_at < _text.Length && _text[_at] == '\'')
                {
                    value.Append('\'');
                    _at++;
                    continue;
                }
                return value.ToString();
            }
            value.Append(c);
        }
    }

    private string ParseName()
    {
        var name = ParseIdentifier();
        // A user-defined function's namespace is part of its name: __bicep.chart(...).
        if (name.StartsWith("__", StringComparison.Ordinal) && _at < _text.Length && _text[_at] == '.')
        {
            _at++;
            name += "." + ParseIdentifier();
        }
        return name;
    }

    private string ParseIdentifier()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_'))
        {
            _at++;
        }
        return _at > start ? _text[start.._at] : throw Error("a name");
    }

    private char Peek() => _at < _text.Length ? _text[_at] : throw Error("more");

    private void Expect(char c)
    {
        Skip();
        if (Peek() != c)
        {
            throw Error($"'{c}'");
        }
        _at++;
    }

    private void Skip()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private FormatException Error(string expected) => new($"expected {expected} at {_at} of: {_text}");

    private static IEnumerable<Call> Calls(Node node, string name) => node switch
    {
        Call call => (call.Name == name ? [call] : Enumerable.Empty<Call>()).Concat(call.Arguments.SelectMany(a => Calls(a, name))),
        Property property => Calls(property.Target, name),
        _ => [],
    };

    private static object? Evaluate(Node node, Scope scope) => node switch
    {
        Literal literal => literal.Value,
        Property property => Evaluate(property.Target, scope) is JsonObject target && target[property.Name] is { } member
            ? Value(member, scope)
            : throw new InvalidOperationException($"no property {property.Name}"),
        Call { Name: "variables", Arguments: [Literal { Value: string name }] } =>
            Value(scope.Template["variables"]?[name] ?? throw new InvalidOperationException($"no variable {name}"), scope),
        Call { Name: "parameters", Arguments: [Literal { Value: string name }] } => scope.Parameters.TryGetValue(name, out var given)
            ? given
            : Value(scope.Template["parameters"]?[name]?["defaultValue"] ?? throw new InvalidOperationException($"parameter {name} has no default"), scope),
        Call { Name: "format", Arguments: [var format, ..] } call => string.Format(
            CultureInfo.InvariantCulture, (string)Evaluate(format, scope)!, [.. call.Arguments.Skip(1).Select(a => Evaluate(a, scope))]),
        Call { Name: "true", Arguments: [] } => true,
        Call { Name: "false", Arguments: [] } => false,
        Call { Name: "not", Arguments: [var operand] } => !(bool)Evaluate(operand, scope)!,
        Call { Name: "empty", Arguments: [var operand] } => Evaluate(operand, scope) switch
        {
            null => true,
            string text => text.Length == 0,
            JsonObject obj => obj.Count == 0,
            JsonArray array => array.Count == 0,
            var other => throw new InvalidOperationException($"empty() of {other}"),
        },
        Call { Name: "equals", Arguments: [var left, var right] } =>
            JsonNode.DeepEquals(ToNode(Evaluate(left, scope)), ToNode(Evaluate(right, scope))),
        Call { Name: "if", Arguments: [var condition, var then, var otherwise] } =>
            (bool)Evaluate(condition, scope)! ? Evaluate(then, scope) : Evaluate(otherwise, scope),
        Call { Name: "createObject" } call => new JsonObject(call.Arguments.Chunk(2).Select(
            pair => KeyValuePair.Create((string)Evaluate(pair[0], scope)!, ToNode(Evaluate(pair[1], scope))))),
        Call { Name: "union" } call => new JsonObject(call.Arguments
            .Select(a => Evaluate(a, scope) as JsonObject ?? throw new InvalidOperationException("union() of something other than objects"))
            .SelectMany(o => o)
            .GroupBy(p => p.Key)
            .Select(g => KeyValuePair.Create(g.Key, g.Last().Value?.DeepClone()))),
        Call call => throw new InvalidOperationException($"{call.Name}() is not evaluated here"),
        _ => throw new InvalidOperationException(node.ToString()),
    };

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        _ => throw new InvalidOperationException($"unexpected value {value}"),
    };

    /// <summary>A template value: an expression string is evaluated, a scalar becomes its .NET value, an object stays JSON.</summary>
    private static object? Value(JsonNode node, Scope scope) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal)
            ? Evaluate(new ArmExpression(text[1..^1]).Parse(), scope)
            : text,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value => value.ToString(),
        _ => node,
    };

    /// <summary>What an expression reads: its template's variables and parameter defaults, and the parameter values given.</summary>
    private sealed record Scope(JsonObject Template, IReadOnlyDictionary<string, object?> Parameters);

    private abstract record Node;

    private sealed record Literal(object Value) : Node;

    private sealed record Call(string Name, IReadOnlyList<Node> Arguments) : Node;

    private sealed record Property(Node Target, string Name) : Node;
}
