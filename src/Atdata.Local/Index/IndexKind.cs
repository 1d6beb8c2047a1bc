namespace Atdata.Local;

/// <summary>Where a <see cref="LocalIndex"/> keeps its entries, schemas and labels.</summary>
public enum IndexKind
{
    /// <summary>Redis, with Python atdata's key layout (interop §3).</summary>
    Redis,

    /// <summary>A SQLite file with Python atdata's tables (interop §3.6); the embedded default.</summary>
    Sqlite,
}
