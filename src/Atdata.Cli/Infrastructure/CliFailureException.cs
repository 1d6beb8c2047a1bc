namespace Atdata.Cli;

/// <summary>A failure the tool itself detects (an entry that does not exist, a schema file that is not one): exit code 1.</summary>
internal sealed class CliFailureException : Exception
{
    public CliFailureException(string message)
        : base(message)
    {
    }

    public CliFailureException()
    {
    }

    public CliFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
