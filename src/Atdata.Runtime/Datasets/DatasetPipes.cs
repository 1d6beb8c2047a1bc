namespace Atdata;

/// <summary>What a pipeline step did with one sample.</summary>
internal enum PipeFlow
{
    /// <summary>Filtered out; read the next sample.</summary>
    Skip,

    /// <summary>Pass the output on.</summary>
    Yield,

    /// <summary>Pass the output on; it is the last one (a <c>Take</c> is complete).</summary>
    YieldLast,

    /// <summary>Yield nothing more.</summary>
    Stop,
}

/// <summary>
/// The recorded <c>Where</c>/<c>Select</c>/<c>Take</c> steps from the decoded sample type to the query's type,
/// applied in order to each sample after shuffling and before batching. <c>Take</c> counts live in the cursor
/// (the <c>takes</c> array, one slot per <c>Take</c>, innermost first) so a resumed enumeration keeps them.
/// </summary>
internal abstract class Pipe<TRoot, T>
{
    public abstract int TakeSlots { get; }

    public abstract PipeFlow Push(TRoot input, long[] takes, out T output);

    /// <summary>Whether a <c>Take</c> is already complete, so the enumeration need not read anything.</summary>
    public abstract bool Exhausted(long[] takes);
}

internal sealed class IdentityPipe<T> : Pipe<T, T>
{
    public static readonly IdentityPipe<T> Instance = new();

    public override int TakeSlots => 0;

    public override PipeFlow Push(T input, long[] takes, out T output)
    {
        output = input;
        return PipeFlow.Yield;
    }

    public override bool Exhausted(long[] takes) => false;
}

internal sealed class WherePipe<TRoot, T>(Pipe<TRoot, T> inner, Func<T, bool> predicate) : Pipe<TRoot, T>
{
    public override int TakeSlots => inner.TakeSlots;

    public override PipeFlow Push(TRoot input, long[] takes, out T output)
    {
        var flow = inner.Push(input, takes, out output);
        if (flow is PipeFlow.Skip or PipeFlow.Stop || predicate(output))
        {
            return flow;
        }

        output = default!;
        return flow == PipeFlow.YieldLast ? PipeFlow.Stop : PipeFlow.Skip;
    }

    public override bool Exhausted(long[] takes) => inner.Exhausted(takes);
}

internal sealed class SelectPipe<TRoot, TMiddle, T>(Pipe<TRoot, TMiddle> inner, Func<TMiddle, T> selector) : Pipe<TRoot, T>
{
    public override int TakeSlots => inner.TakeSlots;

    public override PipeFlow Push(TRoot input, long[] takes, out T output)
    {
        var flow = inner.Push(input, takes, out var middle);
        output = flow is PipeFlow.Skip or PipeFlow.Stop ? default! : selector(middle);
        return flow;
    }

    public override bool Exhausted(long[] takes) => inner.Exhausted(takes);
}

internal sealed class TakePipe<TRoot, T>(Pipe<TRoot, T> inner, long count) : Pipe<TRoot, T>
{
    private readonly int _slot = inner.TakeSlots;

    public override int TakeSlots => _slot + 1;

    public override PipeFlow Push(TRoot input, long[] takes, out T output)
    {
        if (takes[_slot] >= count)
        {
            output = default!;
            return PipeFlow.Stop;
        }

        var flow = inner.Push(input, takes, out output);
        if (flow is PipeFlow.Skip or PipeFlow.Stop)
        {
            return flow;
        }

        takes[_slot]++;
        return takes[_slot] >= count ? PipeFlow.YieldLast : flow;
    }

    public override bool Exhausted(long[] takes) => takes[_slot] >= count || inner.Exhausted(takes);
}
