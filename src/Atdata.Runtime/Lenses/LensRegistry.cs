namespace Atdata;

/// <summary>
/// The lenses <see cref="Dataset{T}.AsType{TView}()"/> can use, keyed by source and view type. Lookups find a
/// direct lens, else the shortest chain of registered lenses (breadth-first, ties broken by registration
/// order), else, from <see cref="DynamicSample"/>, the generated <c>FromDynamic</c> of the view type.
/// </summary>
/// <remarks>
/// <para>
/// The generator emits, in every assembly with <see cref="LensAttribute"/> methods, an internal
/// <c>Atdata.Generated.AtdataLenses.Register(LensRegistry)</c> that registers them (plain delegate creation,
/// no reflection), and a module initializer that calls it on <see cref="Default"/> when the assembly loads.
/// </para>
/// <para>Registering the same source and view types again replaces the earlier lens. Thread-safe.</para>
/// </remarks>
public sealed class LensRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<Type, List<Entry>> _bySource = [];
    private readonly List<Entry> _all = [];

    /// <summary>The registry generated registrations go to, and the one <c>AsType</c> uses by default.</summary>
    public static LensRegistry Default { get; } = new();

    /// <summary>How many lenses are registered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Registers (or replaces) the lens from <typeparamref name="TSource"/> to <typeparamref name="TView"/>.</summary>
    public void Register<TSource, TView>(string name, Func<TSource, TView> get, Func<TView, TSource, TSource>? put = null)
        => Register(new Lens<TSource, TView>(name, get, put));

    /// <summary>Registers (or replaces) a lens.</summary>
    public void Register<TSource, TView>(Lens<TSource, TView> lens)
    {
        ArgumentNullException.ThrowIfNull(lens);
        var entry = new Entry(typeof(TSource), typeof(TView), lens, new BoxedStep<TSource, TView>(lens));
        lock (_gate)
        {
            if (!_bySource.TryGetValue(entry.Source, out var list))
            {
                _bySource[entry.Source] = list = [];
            }

            int existing = list.FindIndex(e => e.View == entry.View);
            if (existing >= 0)
            {
                _all.Remove(list[existing]);
                list[existing] = entry;
            }
            else
            {
                list.Add(entry);
            }

            _all.Add(entry);
        }
    }

    /// <summary>Finds a direct lens or the shortest chain of registered lenses.</summary>
    /// <exception cref="LensNotFoundException">There is none.</exception>
    public Lens<TSource, TView> Find<TSource, TView>()
        => TryFind<TSource, TView>(out var lens) ? lens : throw new LensNotFoundException(typeof(TSource).Name, typeof(TView).Name);

    /// <summary>Finds a direct lens or the shortest chain of registered lenses.</summary>
    public bool TryFind<TSource, TView>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Lens<TSource, TView>? lens)
    {
        var path = FindPath(typeof(TSource), typeof(TView));
        if (path is null)
        {
            lens = null;
            return false;
        }

        if (path.Count == 1)
        {
            lens = (Lens<TSource, TView>)path[0].Lens;
            return true;
        }

        var steps = path.Select(e => e.Step).ToArray();
        string name = string.Join(" → ", steps.Select(s => s.Name));
        bool canPut = steps.All(s => s.CanPut);
        lens = new Lens<TSource, TView>(
            name,
            source =>
            {
                object? value = source;
                foreach (var step in steps)
                {
                    value = step.Get(value);
                }

                return (TView)value!;
            },
            canPut ? (view, source) => (TSource)PutThrough(steps, 0, view, source)! : null);
        return true;
    }

    /// <summary>
    /// The lens <c>AsType</c> uses: the identity when the types are equal, a registered lens or chain, or the
    /// generated <c>FromDynamic</c> when the source is <see cref="DynamicSample"/>.
    /// </summary>
    /// <exception cref="LensNotFoundException">There is none.</exception>
    public Lens<TSource, TView> Resolve<TSource, TView>()
        where TView : IPackable<TView>
    {
        if (typeof(TSource) == typeof(TView))
        {
            return new Lens<TSource, TView>("identity", static s => (TView)(object)s!, static (v, _) => (TSource)(object)v!);
        }

        if (TryFind<TSource, TView>(out var lens))
        {
            return lens;
        }

        if (typeof(TSource) == typeof(DynamicSample))
        {
            return new Lens<TSource, TView>(typeof(TView).Name + ".FromDynamic", static s => TView.FromDynamic((DynamicSample)(object)s!));
        }

        throw new LensNotFoundException(typeof(TSource).Name, typeof(TView).Name);
    }

    // put(view, source) through steps[i..]: the intermediate source is steps[i].Get(source).
    private static object? PutThrough(IStep[] steps, int i, object? view, object? source)
    {
        if (i == steps.Length - 1)
        {
            return steps[i].Put(view, source);
        }

        object? middle = steps[i].Get(source);
        return steps[i].Put(PutThrough(steps, i + 1, view, middle), source);
    }

    private List<Entry>? FindPath(Type source, Type view)
    {
        lock (_gate)
        {
            var previous = new Dictionary<Type, Entry?> { [source] = null };
            var queue = new Queue<Type>();
            queue.Enqueue(source);
            while (queue.Count > 0)
            {
                var type = queue.Dequeue();
                if (!_bySource.TryGetValue(type, out var edges))
                {
                    continue;
                }

                foreach (var edge in edges)
                {
                    if (previous.ContainsKey(edge.View))
                    {
                        continue;
                    }

                    previous[edge.View] = edge;
                    if (edge.View == view)
                    {
                        var path = new List<Entry>();
                        for (var e = edge; e is not null; e = previous[e.Source])
                        {
                            path.Add(e);
                        }

                        path.Reverse();
                        return path;
                    }

                    queue.Enqueue(edge.View);
                }
            }

            return null;
        }
    }

    private sealed record Entry(Type Source, Type View, object Lens, IStep Step);

    private interface IStep
    {
        public string Name { get; }

        public bool CanPut { get; }

        public object? Get(object? source);

        public object? Put(object? view, object? source);
    }

    private sealed class BoxedStep<TSource, TView>(Lens<TSource, TView> lens) : IStep
    {
        public string Name => lens.Name;

        public bool CanPut => lens.CanPut;

        public object? Get(object? source) => lens.Get((TSource)source!);

        public object? Put(object? view, object? source) => lens.Put((TView)view!, (TSource)source!);
    }
}
