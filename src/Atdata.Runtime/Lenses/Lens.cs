namespace Atdata;

/// <summary>
/// A view of <typeparamref name="TSource"/> samples as <typeparamref name="TView"/>: a getter and, when
/// declared, a putter that writes a changed view back into a source.
/// </summary>
public sealed class Lens<TSource, TView>
{
    private readonly Func<TSource, TView> _get;
    private readonly Func<TView, TSource, TSource>? _put;

    /// <summary>Creates a lens.</summary>
    public Lens(string name, Func<TSource, TView> get, Func<TView, TSource, TSource>? put = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(get);
        Name = name;
        _get = get;
        _put = put;
    }

    /// <summary>The lens name (<c>Namespace.Class.Method</c>, or the steps joined by <c> → </c> for a composed lens).</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Put"/> is available.</summary>
    public bool CanPut => _put is not null;

    /// <summary>The getter as a delegate.</summary>
    public Func<TSource, TView> Getter => _get;

    /// <summary>Views a source sample.</summary>
    public TView Get(TSource source) => _get(source);

    /// <summary>Writes <paramref name="view"/> back into <paramref name="source"/>.</summary>
    /// <exception cref="NotSupportedException">The lens has no putter.</exception>
    public TSource Put(TView view, TSource source)
        => _put is null ? throw new NotSupportedException($"Lens '{Name}' has no putter.") : _put(view, source);

    /// <summary>This lens followed by <paramref name="next"/>; it can put only when both can.</summary>
    public Lens<TSource, TNext> Then<TNext>(Lens<TView, TNext> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var first = this;
        return new Lens<TSource, TNext>(
            first.Name + " → " + next.Name,
            source => next.Get(first.Get(source)),
            first.CanPut && next.CanPut ? (view, source) => first.Put(next.Put(view, first.Get(source)), source) : null);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {typeof(TSource).Name} → {typeof(TView).Name}";
}
