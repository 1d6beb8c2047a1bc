using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace Atdata.Benchmarks;

/// <summary>
/// Every goal is a ratio against a baseline measured in the same run (guides/performance.md): at least 3
/// warm-up passes and 21 measured rounds, baselines grouped by category, allocations reported.
/// </summary>
public sealed class SideBySideConfig : ManualConfig
{
    public SideBySideConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(21).WithId("side-by-side"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default, StatisticColumn.Median, BaselineRatioColumn.RatioMean);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddExporter(MarkdownExporter.GitHub);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        WithOptions(ConfigOptions.JoinSummary);
    }
}
