using Atdata.Generators.Lock;
using Atdata.Generators.Model;

namespace Atdata.Generators.Tests.Infrastructure;

/// <summary>
/// Schema locks for tests: the text the <c>AtdataUpdateSchemaLock</c> target writes for some sources (each type's
/// entry as the generator formats it, sorted by type), without running MSBuild. <c>SchemaLockTargetTests</c> checks
/// that the real target writes exactly this text.
/// </summary>
internal static class SchemaLocks
{
    public const string FileName = SchemaLockFormat.FileName;

    /// <summary>The lock the update target would write for a project made of <paramref name="sources"/>.</summary>
    public static string For(params string[] sources)
    {
        var entries = Models(sources)
            .Select(m => m.Schema)
            .OrderBy(s => s.LockKey, StringComparer.Ordinal)
            .Select(SchemaLockFormat.FormatEntry)
            .ToList();
        return SchemaLockFormat.FormatFile(entries);
    }

    /// <summary>The models the generator builds for <paramref name="sources"/>.</summary>
    public static IReadOnlyList<PackableModel> Models(params string[] sources)
    {
        var (result, _) = TestCompilation.Run(sources);
        return result.Results.Single().TrackedSteps[PackableGenerator.TrackingNames.Model]
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .OfType<PackableModel>()
            .ToList();
    }

    /// <summary>The build-time schema CID of the only <c>[Packable]</c> type in <paramref name="sources"/>.</summary>
    public static string CidOf(params string[] sources) => Models(sources).Single().Schema.Cid;
}
