using System.Text.Json.Serialization;

namespace Atdata.Reliability.Tests.Corpus;

/// <summary>The component a corpus input is fed to.</summary>
internal static class Targets
{
    public const string ShardReader = "shard reader";
    public const string SampleDecoder = "sample decoder";
    public const string ArrayDecoder = "array decoder";
    public const string SchemaParser = "schema parser";
    public const string NameValidator = "name validator";
    public const string UrlSource = "URL source";
    public const string Generator = "generator";
}

/// <summary>What a replay must end with besides an exception type.</summary>
internal static class Expectations
{
    /// <summary>The input is hostile but legal: it decodes (for example 20,000 keys).</summary>
    public const string Decodes = "none";

    /// <summary>Generator input: at least one generator diagnostic, no generator exception.</summary>
    public const string Diagnostic = "diagnostic";

    /// <summary>Generator input: no generator diagnostic and output that compiles without errors.</summary>
    public const string ValidOutput = "valid";

    /// <summary>Generator input that does not compile: no generator exception; compiler errors are expected.</summary>
    public const string Tolerated = "no generator exception";
}

/// <summary>One named malicious input and the behaviour the guide documents for it.</summary>
internal sealed record CorpusCase(string Id, string Case, string Cwe, string Target, string Expected, string Extension, byte[] Content)
{
    /// <summary>A fragment the exception message must contain.</summary>
    public string? Message { get; init; }

    /// <summary>Reader settings for the replay (for example <c>maxEntries</c>, <c>nonRegular</c>, <c>sha256</c>, <c>type</c>).</summary>
    public Dictionary<string, string>? Options { get; init; }

    /// <summary>A header declares a huge size: the rejection must allocate under 2 MiB.</summary>
    public bool BoundedAllocation { get; init; }

    public string FileName => $"{Id}.{Extension}";

    public ManifestEntry ToManifest() => new(Id, FileName, Case, Cwe, Target, Expected, Message, Options, BoundedAllocation);
}

/// <summary>One row of <c>Corpus/manifest.json</c>.</summary>
public sealed record ManifestEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("cwe")] string Cwe,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("options")] Dictionary<string, string>? Options,
    [property: JsonPropertyName("boundedAllocation")] bool BoundedAllocation);

/// <summary>The whole manifest.</summary>
internal sealed record Manifest(
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("entries")] List<ManifestEntry> Entries);
