using System.Text.Json;
using Atdata.Cli.Output;

namespace Atdata.Cli.Diagnostics;

/// <summary>
/// The result of probing one backend for <c>atdata diagnose</c>: what it is, whether it is usable, the facts
/// found (in order; values are strings, numbers, booleans or null) and warnings about its configuration.
/// </summary>
internal sealed class Check(string component, string kind, string target)
{
    private readonly List<(string Key, object? Value)> _facts = [];
    private readonly List<string> _warnings = [];

    public string Component => component;

    public bool Ok { get; private set; } = true;

    public string? Error { get; private set; }

    public IReadOnlyList<string> Warnings => _warnings;

    public void Fact(string key, object? value) => _facts.Add((key, value));

    public void Warn(string warning) => _warnings.Add(warning);

    public void Fail(string error)
    {
        Ok = false;
        Error ??= error;
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject(component);
        json.WriteString("kind", kind);
        json.WriteString("target", target);
        json.WriteBoolean("ok", Ok);
        json.WriteNullableString("error", Error);
        json.WriteStartObject("facts");
        foreach (var (key, value) in _facts)
        {
            json.WritePropertyName(key);
            ValueFormat.WriteJson(json, value);
        }

        json.WriteEndObject();
        json.WriteStrings("warnings", _warnings);
        json.WriteEndObject();
    }

    public void WriteHuman(TextWriter output)
    {
        output.WriteLine($"{component}: {kind} {target}: {(Ok ? "ok" : "FAILED")}");
        if (Error is not null)
        {
            output.WriteLine($"  error: {Error}");
        }

        int width = _facts.Select(f => f.Key.Length).DefaultIfEmpty(0).Max();
        foreach (var (key, value) in _facts)
        {
            output.WriteLine($"  {key.PadRight(width)}  {(value is string s ? s : ValueFormat.Human(value))}");
        }

        foreach (string warning in _warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }
    }
}
