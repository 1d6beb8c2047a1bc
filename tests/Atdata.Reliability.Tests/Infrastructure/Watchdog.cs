using NUnit.Framework;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// Detects a hang per input without timing anything else: the body calls <see cref="Begin"/> before each input,
/// and the test fails (naming that input) when no new input begins within the cap. A hung decode cannot be
/// aborted in .NET, so the body runs on its own thread and is abandoned; the test still fails instead of hanging.
/// </summary>
internal sealed class Watchdog
{
    /// <summary>How long one input may take before it counts as a hang; generous, since this is not a timing assertion.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(20);

    private long _beats;
    private volatile string _current = "(none yet)";

    private Watchdog()
    {
    }

    /// <summary>Marks the start of one input; <paramref name="describe"/> names it in the failure message.</summary>
    public void Begin(string describe)
    {
        _current = describe;
        Interlocked.Increment(ref _beats);
    }

    /// <summary>Runs <paramref name="body"/> single-threaded under the watchdog; rethrows what it throws.</summary>
    public static void Run(Action<Watchdog> body, TimeSpan? cap = null)
    {
        var dog = new Watchdog();
        var task = Task.Factory.StartNew(() => body(dog), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        long seen = Interlocked.Read(ref dog._beats);
        while (!task.Wait(cap ?? DefaultCap))
        {
            long now = Interlocked.Read(ref dog._beats);
            if (now == seen)
            {
                Assert.Fail($"hang: no progress for {(cap ?? DefaultCap).TotalSeconds} s on input {dog._current}");
            }

            seen = now;
        }

        task.GetAwaiter().GetResult();
    }

    /// <summary>Runs one asynchronous input under the cap.</summary>
    public static void RunOne(string describe, Func<Task> input, TimeSpan? cap = null)
        => Run(dog =>
        {
            dog.Begin(describe);
            input().GetAwaiter().GetResult();
        }, cap);
}
