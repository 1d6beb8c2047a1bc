namespace Atdata.Generators.Helpers;

/// <summary>A strict semantic version <c>X.Y.Z</c>: three non-negative integers without leading zeros (at most nine digits each).</summary>
internal readonly struct SemanticVersion
{
    private SemanticVersion(int major, int minor, int patch)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
    }

    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = default;
        var parts = text.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (int p = 0; p < 3; p++)
        {
            string part = parts[p];
            if (part.Length == 0 || part.Length > 9 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            foreach (char c in part)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }

                numbers[p] = (numbers[p] * 10) + (c - '0');
            }
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <summary>Compares numerically: major, then minor, then patch.</summary>
    public int CompareTo(SemanticVersion other)
        => Major != other.Major ? Major.CompareTo(other.Major)
            : Minor != other.Minor ? Minor.CompareTo(other.Minor)
            : Patch.CompareTo(other.Patch);
}
