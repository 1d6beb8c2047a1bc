using System.Collections.Concurrent;
using System.Text.Json;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// The measured figures of a run (guide section 5), counted by the tests and written once at the end to
/// <c>artifacts/test-results/reliability-figures.json</c>.
/// </summary>
internal static class Figures
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private static long s_corpusReplayed;
    private static long s_mutatedInputs;
    private static long s_untypedExceptions;
    private static long s_faultsInjected;
    private static long s_faultsSurvived;
    private static long s_acknowledgedWritesLost;
    private static readonly ConcurrentDictionary<string, long> s_named = new(StringComparer.Ordinal);

    public static long MutatedInputs => Interlocked.Read(ref s_mutatedInputs);

    public static void CorpusReplayed() => Interlocked.Increment(ref s_corpusReplayed);

    public static void Mutated(long count = 1) => Interlocked.Add(ref s_mutatedInputs, count);

    public static void Untyped() => Interlocked.Increment(ref s_untypedExceptions);

    public static void FaultInjected() => Interlocked.Increment(ref s_faultsInjected);

    public static void FaultSurvived() => Interlocked.Increment(ref s_faultsSurvived);

    public static void WritesLost(long count) => Interlocked.Add(ref s_acknowledgedWritesLost, count);

    /// <summary>Adds <paramref name="count"/> to the named figure (fault matrix, durability, concurrency, cluster runs).</summary>
    public static void Add(string name, long count = 1) => s_named.AddOrUpdate(name, count, (_, v) => v + count);

    /// <summary>The named figure so far (0 when never counted).</summary>
    public static long Get(string name) => s_named.TryGetValue(name, out long v) ? v : 0;

    public static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var figures = new Dictionary<string, long>
        {
            ["corpus_inputs_replayed"] = Interlocked.Read(ref s_corpusReplayed),
            ["mutated_inputs_tried"] = Interlocked.Read(ref s_mutatedInputs),
            ["untyped_exceptions"] = Interlocked.Read(ref s_untypedExceptions),
            ["faults_injected"] = Interlocked.Read(ref s_faultsInjected),
            ["faults_survived"] = Interlocked.Read(ref s_faultsSurvived),
            ["acknowledged_writes_lost"] = Interlocked.Read(ref s_acknowledgedWritesLost),
        };
        foreach (var (name, value) in s_named.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            figures[name] = value;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(figures, s_json) + "\n");
    }
}
