using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Atdata.Benchmarks;

/// <summary>
/// Every goal is a ratio against a baseline measured in the same run (guides/performance.md): at least 3
/// warm-up passes and 21 measured rounds, baselines grouped by category, allocations reported.
/// </summary>
/// <remarks>
/// Benchmarks run in process: BenchmarkDotNet's generated project would inherit this repository's central
/// package pins (Roslyn 4.8 for the generator) and fail to restore, and in-process runs keep baseline and
/// candidate in one process, which is what the side-by-side ratios need.
/// </remarks>
public sealed class SideBySideConfig : ManualConfig
{
    public SideBySideConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(21).WithToolchain(InProcessEmitToolchain.Instance).WithId("side-by-side"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default, StatisticColumn.Median);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddExporter(MarkdownExporter.GitHub);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}
