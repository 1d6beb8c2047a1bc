using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Atdata.Generators.Lock;
using Atdata.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators;

/// <summary>
/// Generates the msgpack serializer (<c>IPackable&lt;T&gt;</c>), <c>Pack</c>, <c>Unpack</c>, <c>AsWds</c> and
/// <c>FromDynamic</c> for every <c>[Packable]</c> record. Parsing and emitting live in
/// <see cref="Parser"/> and <see cref="Emitter"/>; this file only wires the incremental pipeline.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PackableGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline steps, for incremental tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parse step: one <c>ParseResult</c> per <c>[Packable]</c> declaration.</summary>
        public const string Parse = "Atdata.Parse";

        /// <summary>The models of usable types.</summary>
        public const string Model = "Atdata.Model";

        /// <summary>The hint names that collide and need a suffix (normally none).</summary>
        public const string HintCollisions = "Atdata.HintCollisions";

        /// <summary>The schema lock read from <c>atdata.schemas.json</c> (or none).</summary>
        public const string SchemaLock = "Atdata.SchemaLock";

        /// <summary>Per type: its schema, its own lock entry and whether the lock is enforced.</summary>
        public const string LockEntry = "Atdata.LockEntry";

        /// <summary>Per type: the diagnostics of the lock check.</summary>
        public const string LockCheck = "Atdata.LockCheck";
    }

    /// <summary>
    /// The MSBuild property (visible to the compiler through the Atdata.Runtime package's build files) that turns
    /// schema-lock checks off: <c>false</c> while <c>AtdataUpdateSchemaLock</c> rebuilds the project to rewrite the lock.
    /// </summary>
    internal const string ValidationProperty = "build_property.AtdataSchemaLockValidation";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Atdata.PackableAttribute",
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => SafeParse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        var models = parsed
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Model);

        var collisions = models
            .Select(static (model, _) => model.HintName)
            .Collect()
            .Select(static (names, _) => FindCollisions(names))
            .WithTrackingName(TrackingNames.HintCollisions);

        context.RegisterSourceOutput(models.Combine(collisions), static (spc, pair) =>
        {
            string hintName = UniqueHintName(pair.Left, pair.Right);
            spc.AddSource(hintName, SourceText.From(Emitter.Generate(pair.Left), Encoding.UTF8));
        });

        RegisterBatchAccessors(context, models);

        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        InitializeSchemaLock(context, parsed);
    }

    /// <summary>
    /// The schema-lock checks. They produce diagnostics only, never source, so editing the lock never re-emits a
    /// type; each type selects its own entry first, so editing another type's entry does not re-check it.
    /// </summary>
    private static void InitializeSchemaLock(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed)
    {
        var enforced = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => !(options.GlobalOptions.TryGetValue(ValidationProperty, out string? value)
                && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase)));

        var schemaLock = context.AdditionalTextsProvider
            .Where(static file => SchemaLock.IsLockFile(file.Path))
            .Select(static (file, ct) => (file.Path, Lock: SchemaLock.Read(file.Path, file.GetText(ct))))
            .Collect()
            .Select(static (files, _) => SchemaLock.Merge(files.Select(f => f.Lock).ToList(), files.Select(f => f.Path).ToList()))
            .Combine(enforced)
            .Select(static (pair, _) => pair.Right ? pair.Left : SchemaLock.None)
            .WithTrackingName(TrackingNames.SchemaLock);

        context.RegisterSourceOutput(schemaLock.Select(static (l, _) => l.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var checks = parsed
            .Select(static (result, _) => result.LockTarget)
            .Where(static target => target is not null)
            .Combine(schemaLock)
            .Select(static (pair, _) => new LockCheckInput(pair.Left!, pair.Right.Find(pair.Left!.Schema.LockKey), pair.Right.IsUsable))
            .WithTrackingName(TrackingNames.LockEntry)
            .Select(static (input, _) => SchemaLockChecker.Check(input))
            .WithTrackingName(TrackingNames.LockCheck);

        context.RegisterSourceOutput(checks, static (spc, diagnostics) => Report(spc, diagnostics));
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static ParseResult SafeParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return Parser.Parse(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Last resort: the parser is written not to throw, but a generator exception would surface as
            // CS8785 and drop every generated file, so report it against the declaration instead.
            var location = context.TargetNode is TypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : context.TargetNode.GetLocation();
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalGeneratorError, location, context.TargetSymbol.Name, ex.GetType().Name + ": " + ex.Message);
            return new ParseResult(null, new[] { diagnostic }.ToEquatableArray());
        }
    }

    /// <summary>The hint names (upper-cased, as Roslyn compares them case-insensitively) used by more than one type.</summary>
    internal static EquatableArray<string> FindCollisions(ImmutableArray<string> hintNames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var colliding = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string name in hintNames)
        {
            string key = name.ToUpperInvariant();
            if (!seen.Add(key))
            {
                colliding.Add(key);
            }
        }

        return colliding.ToEquatableArray();
    }

    /// <summary>The model's hint name, with a stable hash of its full type name when another type has the same one.</summary>
    internal static string UniqueHintName(PackableModel model, EquatableArray<string> collisions)
    {
        string upper = model.HintName.ToUpperInvariant();
        foreach (string colliding in collisions)
        {
            if (colliding == upper)
            {
                const string suffix = ".Packable.g.cs";
                string stem = model.HintName.Substring(0, model.HintName.Length - suffix.Length);
                return stem + "." + Fnv1a(model.TypeFqn).ToString("x8", CultureInfo.InvariantCulture) + suffix;
            }
        }

        return model.HintName;
    }

    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619);
        }

        return hash;
    }
}
