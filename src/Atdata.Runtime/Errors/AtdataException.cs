namespace Atdata;

/// <summary>
/// The root of every error the Atdata SDK raises on bad data, bad configuration or a failing backend.
/// </summary>
/// <remarks>
/// Argument errors use the BCL types (<see cref="System.ArgumentException"/> and friends) and cancellation
/// surfaces as <see cref="System.OperationCanceledException"/>; everything else derives from this type, so
/// <c>catch (AtdataException)</c> is the one place to handle data and storage failures.
/// Messages never contain credentials.
/// </remarks>
public abstract class AtdataException : Exception
{
    private protected AtdataException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
