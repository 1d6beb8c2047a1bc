namespace Atdata.Cli;

/// <summary>A command line that parsed but makes no sense (a malformed <c>--index</c>, a missing companion option): exit code 2.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException()
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
