namespace Atdata.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The verb failed (bad data, a failing backend, a checksum mismatch, a missing shard).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (unknown verb or option, missing argument, malformed value).</summary>
    public const int Usage = 2;
}
