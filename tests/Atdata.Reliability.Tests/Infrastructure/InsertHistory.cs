using System.Collections.Concurrent;
using Atdata.Local;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// A Jepsen-style history of concurrent inserts of one name and reads of it (guide section 4): every operation is
/// recorded with the logical times it was invoked and completed, and <see cref="Check"/> looks for what must
/// never happen.
/// </summary>
internal sealed class InsertHistory
{
    private readonly ConcurrentQueue<Op> _ops = new();
    private long _clock;

    /// <summary>A logical time: strictly increasing across threads.</summary>
    public long Now() => Interlocked.Increment(ref _clock);

    public void Ok(string name, long invoked, LocalDatasetEntry entry) => _ops.Enqueue(new Op("ok", name, invoked, Now(), entry.Cid, entry.DataUrls.Count, []));

    public void Failed(string name, long invoked) => _ops.Enqueue(new Op("fail", name, invoked, Now(), null, 0, []));

    /// <summary>A read that saw <paramref name="found"/> (or nothing), with what was wrong with its bytes.</summary>
    public void Read(string name, long invoked, LocalDatasetEntry? found, IReadOnlyList<string> byteProblems)
        => _ops.Enqueue(new Op("read", name, invoked, Now(), found?.Cid, found?.DataUrls.Count ?? 0, byteProblems));

    /// <summary>
    /// Per name: exactly one ok insert; the listing holds that entry once; every read saw nothing or the winner's
    /// complete entry with whole bytes (a read of another CID, a shorter shard list or bad bytes is a partial
    /// dataset); a read invoked after the winner's ok completed saw it.
    /// </summary>
    public (int Reads, List<string> Violations) Check(IReadOnlyList<LocalDatasetEntry> listed)
    {
        var violations = new List<string>();
        int reads = 0;
        foreach (var group in _ops.GroupBy(o => o.Name))
        {
            var oks = group.Where(o => o.Kind == "ok").ToList();
            if (oks.Count != 1)
            {
                violations.Add($"{group.Key}: {oks.Count} winners");
                continue;
            }

            var winner = oks[0];
            int inListing = listed.Count(e => e.Name == group.Key);
            if (inListing != 1 || listed.First(e => e.Name == group.Key).Cid != winner.Cid)
            {
                violations.Add($"{group.Key}: {inListing} listed entries, expected the winner's one");
            }

            foreach (var read in group.Where(o => o.Kind == "read"))
            {
                reads++;
                if (read.Cid is not null && (read.Cid != winner.Cid || read.Shards != winner.Shards || read.ByteProblems.Count > 0))
                {
                    violations.Add($"{group.Key}: partial dataset seen at t={read.Invoked}: cid {read.Cid}, {read.Shards} shards, {string.Join("; ", read.ByteProblems)}");
                }

                if (read.Cid is null && read.Invoked > winner.Completed)
                {
                    violations.Add($"{group.Key}: a read at t={read.Invoked} missed the insert acknowledged at t={winner.Completed}");
                }
            }
        }

        return (reads, violations);
    }

    private sealed record Op(string Kind, string Name, long Invoked, long Completed, string? Cid, int Shards, IReadOnlyList<string> ByteProblems);
}
