namespace Atdata.Cli;

/// <summary>Turns an exception into the tool's one-line error (<c>atdata: error: …</c>) and an exit code.</summary>
internal static class ErrorReporter
{
    /// <summary>Writes the one-line error for <paramref name="error"/> (and, with <paramref name="verbose"/>, its stack) and returns the exit code.</summary>
    public static int Report(TextWriter stderr, Exception error, bool verbose)
    {
        int code = error is CliUsageException ? ExitCodes.Usage : ExitCodes.Failure;
        stderr.WriteLine("atdata: error: " + MessageOf(error));
        if (verbose)
        {
            stderr.WriteLine(error.ToString());
        }

        return code;
    }

    /// <summary>Writes a usage error and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("atdata: error: " + OneLine(message) + " (see 'atdata --help')");
        return ExitCodes.Usage;
    }

    /// <summary>The message shown for <paramref name="error"/>, on one line.</summary>
    public static string MessageOf(Exception error)
    {
        string message = error switch
        {
            // The parameter name means nothing to someone at a shell prompt.
            ArgumentException { ParamName: { } name } a => a.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal),
            OperationCanceledException => "cancelled",
            AtdataException or CliFailureException or CliUsageException or IOException or UnauthorizedAccessException or ArgumentException
                or InvalidOperationException or FormatException or HttpRequestException or TimeoutException => error.Message,
            _ => $"internal error ({error.GetType().Name}): {error.Message} (run with --verbose for details)",
        };
        return OneLine(message);
    }

    private static string OneLine(string text)
        => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
