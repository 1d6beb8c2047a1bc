namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>Sorts what a decode of hostile input may end with: success, a typed SDK error, or anything else (a bug).</summary>
internal static class Outcome
{
    /// <summary>Exception types that must never escape the SDK on any input (guide section 5, goal 1).</summary>
    public static readonly Type[] Forbidden =
    [
        typeof(NullReferenceException), typeof(IndexOutOfRangeException), typeof(ArgumentOutOfRangeException),
        typeof(InvalidCastException), typeof(OutOfMemoryException), typeof(InsufficientExecutionStackException),
        typeof(OverflowException), typeof(DivideByZeroException), typeof(AccessViolationException),
    ];

    /// <summary>True when <paramref name="ex"/> is the SDK's own typed error, which is an accepted outcome for hostile input.</summary>
    public static bool IsTyped(Exception ex) => ex is AtdataException;

    /// <summary>Runs <paramref name="decode"/>; returns null on success or a typed error, else a description of the untyped exception (and counts it).</summary>
    public static string? Untyped(Action decode)
    {
        try
        {
            decode();
            return null;
        }
        catch (AtdataException)
        {
            return null;
        }
        catch (Exception ex)
        {
            Figures.Untyped();
            return ex.GetType().FullName + ": " + ex.Message + Environment.NewLine + ex.StackTrace;
        }
    }
}
