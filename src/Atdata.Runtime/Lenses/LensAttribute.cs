namespace Atdata;

/// <summary>
/// Marks a static method <c>TView Name(TSource source)</c> as a lens getter (Python's <c>@atdata.lens</c>). The
/// source generator registers every lens of the assembly at compile time, so
/// <see cref="Dataset{T}.AsType{TView}()"/> finds it without reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LensAttribute : Attribute
{
}

/// <summary>
/// Marks a static method <c>TSource Name(TView view, TSource source)</c> as the putter of the lens getter named
/// <see cref="Getter"/> in the same class: it writes a changed view back into a source sample.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LensPutterAttribute : Attribute
{
    /// <summary>Names the getter (use <c>nameof</c>).</summary>
    public LensPutterAttribute(string getter) => Getter = getter;

    /// <summary>The getter's method name.</summary>
    public string Getter { get; }
}
