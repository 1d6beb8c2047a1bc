using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>Helpers called by code that the Atdata source generator emits. Not meant to be called directly.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PackableSupport
{
    /// <summary>
    /// Throws because a member whose type is not nullable holds <see langword="null"/> when a sample is written.
    /// Samples never silently write <c>nil</c> for such a member: a reader would then reject the bytes.
    /// </summary>
    /// <exception cref="ArgumentException">Always.</exception>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNullMember(string typeName, string memberName)
        => throw new ArgumentException(
            $"Member '{memberName}' of '{typeName}' is null, but its type is not nullable. Set it, or declare it nullable (for example 'string?') to write nil.",
            memberName);

    /// <summary>Throws because a collection member whose element type is not nullable holds a <see langword="null"/> element.</summary>
    /// <exception cref="ArgumentException">Always.</exception>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNullElement(string typeName, string memberName)
        => throw new ArgumentException(
            $"Member '{memberName}' of '{typeName}' holds a null element, but its element type is not nullable.",
            memberName);
}
