using System.Text;
using Atdata.Generators.Tests.Infrastructure;
using Atdata.Local;
using Atdata.Msgpack;
using Atdata.Reliability.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Corpus;

/// <summary>Feeds one corpus input to its target and checks the documented outcome.</summary>
internal static class CorpusReplay
{
    /// <summary>Header-declared sizes must be refused with less than this allocated (guide section 5, goal 1).</summary>
    public const long AllocationCap = 2L << 20;

    public static void Run(ManifestEntry entry, byte[] content)
    {
        if (entry.Target == Targets.Generator)
        {
            Watchdog.RunOne(entry.Id, () =>
            {
                Generator(entry, Encoding.UTF8.GetString(content));
                return Task.CompletedTask;
            });
            return;
        }

        Exception? caught = null;
        long allocated = 0;
        bool synchronous = true;
        Watchdog.RunOne(entry.Id, () =>
        {
            if (entry.BoundedAllocation)
            {
                // The first rejection loads resources and JITs the paths; measure the second one.
                Capture(() => Decode(entry, content));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            caught = Capture(() => synchronous = Decode(entry, content));
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return Task.CompletedTask;
        });

        if (caught is not null && Outcome.Forbidden.Contains(caught.GetType()))
        {
            Figures.Untyped();
            Assert.Fail($"{entry.Id}: forbidden {caught.GetType().Name} escaped: {caught}");
        }

        if (entry.Expected == Expectations.Decodes)
        {
            Assert.That(caught, Is.Null, $"{entry.Id} must decode");
        }
        else
        {
            var expected = ExpectedType(entry.Expected);
            Assert.That(caught, Is.Not.Null, $"{entry.Id}: expected {entry.Expected}, but the input was accepted");
            Assert.That(caught!.GetType(), Is.EqualTo(expected), $"{entry.Id}: {caught}");
            if (entry.Message is { } fragment)
            {
                Assert.That(caught.Message, Does.Contain(fragment).IgnoreCase, entry.Id);
            }
        }

        if (entry.BoundedAllocation)
        {
            Assert.That(synchronous, Is.True, "the in-memory decode completed on this thread, so the allocation count is complete");
            Assert.That(allocated, Is.LessThan(AllocationCap), $"{entry.Id}: allocated {allocated} bytes for a header-declared size");
        }
    }

    public static Type ExpectedType(string name)
        => typeof(AtdataException).Assembly.GetType("Atdata." + name) ?? Type.GetType("System." + name) ?? throw new ArgumentException($"unknown exception type {name}", nameof(name));

    private static Exception? Capture(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Runs the decode; returns false when an asynchronous step did not complete synchronously.</summary>
    private static bool Decode(ManifestEntry entry, byte[] content)
    {
        string text = Encoding.UTF8.GetString(content);
        switch (entry.Target)
        {
            case Targets.ShardReader:
                return ReadShard(entry, content);
            case Targets.SampleDecoder:
                if (entry.Options?.GetValueOrDefault("type") == nameof(CorpusRecord))
                {
                    _ = CorpusRecord.Unpack(content);
                }
                else
                {
                    _ = DynamicSample.Unpack(content);
                }

                return true;
            case Targets.ArrayDecoder:
                if (entry.Options?.GetValueOrDefault("envelope") == "msgpack-bin")
                {
                    var reader = new MsgpackReader(content);
                    _ = NdArrayMsgpack.ReadNdArray(ref reader);
                }
                else
                {
                    _ = NdArray.Parse(content);
                }

                return true;
            case Targets.SchemaParser:
                _ = new DynamicSchema(SchemaRecord.Parse(content));
                return true;
            case Targets.NameValidator:
                LocalIndex.ValidateName(text);
                return true;
            case Targets.UrlSource:
                _ = ShardSources.FromUrl(text).ListShards();
                return true;
            default:
                throw new ArgumentException($"unknown target {entry.Target}", nameof(entry));
        }
    }

    private static bool ReadShard(ManifestEntry entry, byte[] content)
    {
        var options = new ShardReaderOptions
        {
            MaxEntries = entry.Options?.TryGetValue("maxEntries", out var max) == true ? long.Parse(max, System.Globalization.CultureInfo.InvariantCulture) : 4_000_000,
            NonRegularEntries = entry.Options?.GetValueOrDefault("nonRegular") == "reject" ? NonRegularEntryHandling.Reject : NonRegularEntryHandling.Skip,
            DecompressGzip = entry.Options?.GetValueOrDefault("decompressGzip") != "false",
            IncludeOtherMembers = entry.Options?.GetValueOrDefault("includeOtherMembers") == "true",
            ExpectedChecksums = entry.Options?.TryGetValue("sha256", out var sha) == true ? new Dictionary<string, string> { [entry.Id] = sha } : null,
        };
        bool synchronous = true;
        var reader = new ShardReader(new MemoryStream(content, writable: false), entry.Id, options);
        try
        {
            while (true)
            {
                var next = reader.MoveNextAsync();
                synchronous &= next.IsCompleted;
                if (!(next.IsCompleted ? next.GetAwaiter().GetResult() : next.AsTask().GetAwaiter().GetResult()))
                {
                    break;
                }
            }
        }
        finally
        {
            var disposing = reader.DisposeAsync();
            if (!disposing.IsCompleted)
            {
                disposing.AsTask().GetAwaiter().GetResult();
            }
        }

        return synchronous;
    }

    private static void Generator(ManifestEntry entry, string source)
    {
        var (first, firstOutput) = TestCompilation.Run(source);
        var (second, _) = TestCompilation.Run(source);
        foreach (var result in first.Results.Concat(second.Results))
        {
            Assert.That(result.Exception, Is.Null, $"{entry.Id}: the generator threw (CS8785 for users)");
        }

        Assert.That(first.Diagnostics.Select(d => d.Id), Has.None.EqualTo("ATD0900"), $"{entry.Id}: internal generator error");
        Assert.That(Outputs(second), Is.EqualTo(Outputs(first)), $"{entry.Id}: generator output differs between two runs");
        Assert.That(first.Diagnostics.Select(d => d.ToString()), Is.EqualTo(second.Diagnostics.Select(d => d.ToString())), $"{entry.Id}: diagnostics differ between two runs");
        switch (entry.Expected)
        {
            case Expectations.Diagnostic:
                Assert.That(first.Diagnostics.Select(d => d.Id), Does.Contain(entry.Message), $"{entry.Id}: {string.Join("; ", first.Diagnostics)}");
                break;
            case Expectations.ValidOutput:
                Assert.That(first.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning), Is.Empty, entry.Id);
                Assert.That(firstOutput.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, $"{entry.Id}: generated code must compile");
                Assert.That(Outputs(first), Is.Not.Empty, $"{entry.Id}: code was generated");
                break;
            default:
                break;
        }
    }

    private static List<string> Outputs(GeneratorDriverRunResult result)
        => [.. result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText)];
}
