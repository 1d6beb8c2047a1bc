using Atdata.Runtime.Tests.Datasets;
using Atdata.Runtime.Tests.Generated;
using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Lenses;

[Packable]
public partial record LabelView(long Id, int Shard);

[Packable]
public partial record IdOnly(long Id);

[Packable]
public partial record Unrelated(string Text);

/// <summary>Lenses the generator registers for these tests.</summary>
public static class TestLenses
{
    [Lens]
    public static LabelView ToLabel(DsSample sample) => new(sample.Id, sample.Shard);

    [LensPutter(nameof(ToLabel))]
    public static DsSample ToLabelPut(LabelView view, DsSample sample) => sample with { Id = view.Id, Shard = view.Shard };

    [Lens]
    internal static IdOnly ToId(LabelView view) => new(view.Id);
}

/// <summary>Direct, composed, missing and DynamicSample → T lenses.</summary>
public class LensTests
{
    [Test]
    public void Generated_registration_fills_a_registry_without_reflection()
    {
        var registry = new LensRegistry();
        Atdata.Generated.AtdataLenses.Register(registry);
        Assert.That(registry.Count, Is.EqualTo(2));
        Assert.That(LensRegistry.Default.TryFind<DsSample, LabelView>(out _), Is.True, "the module initializer registered on Default");
    }

    [Test]
    public void Direct_lens_gets_and_puts()
    {
        var lens = LensRegistry.Default.Find<DsSample, LabelView>();
        var sample = new DsSample(7, 1, new NdArray<float>([1f]));
        Assert.That(lens.Get(sample), Is.EqualTo(new LabelView(7, 1)));
        Assert.That(lens.Name, Is.EqualTo("Atdata.Runtime.Tests.Lenses.TestLenses.ToLabel"));
        var put = lens.Put(new LabelView(9, 2), sample);
        Assert.That((put.Id, put.Shard, put.Image), Is.EqualTo((9L, 2, sample.Image)));
    }

    [Test]
    public void Composed_lens_follows_the_shortest_path()
    {
        var lens = LensRegistry.Default.Find<DsSample, IdOnly>();
        Assert.That(lens.Get(new DsSample(5, 0, new NdArray<float>([1f]))), Is.EqualTo(new IdOnly(5)));
        Assert.That(lens.Name, Does.Contain("ToLabel").And.Contain("ToId"));
        Assert.That(lens.CanPut, Is.False, "ToId has no putter");

        var registry = new LensRegistry();
        registry.Register<DsSample, LabelView>("a", s => new LabelView(s.Id, s.Shard), (v, s) => s with { Id = v.Id });
        registry.Register<LabelView, IdOnly>("b", v => new IdOnly(v.Id), (i, v) => v with { Id = i.Id });
        var both = registry.Find<DsSample, IdOnly>();
        Assert.That(both.CanPut, Is.True);
        Assert.That(both.Put(new IdOnly(42), new DsSample(1, 3, new NdArray<float>([1f]))).Id, Is.EqualTo(42));
    }

    [Test]
    public async Task Missing_lens_is_a_LensNotFoundException()
    {
        var ex = Assert.Throws<LensNotFoundException>(() => LensRegistry.Default.Find<IdOnly, DsSample>());
        Assert.That(ex!.Message, Does.Contain("'IdOnly'").And.Contain("'DsSample'"));
        Assert.That(ex, Is.InstanceOf<AtdataException>());
        var dataset = new Dataset<DsSample>(await DatasetTestData.BuildAsync(1, 2));
        Assert.Throws<LensNotFoundException>(() => dataset.AsType<Unrelated>());
    }

    [Test]
    public async Task AsType_reads_through_a_lens_and_keeps_batching()
    {
        var dataset = new Dataset<DsSample>(await DatasetTestData.BuildAsync(2, 3));
        var view = dataset.AsType<IdOnly>();
        Assert.That(await view.Ordered().CollectAsync(), Is.EqualTo(Enumerable.Range(0, 6).Select(i => new IdOnly(i))));
        var batch = (await view.Ordered(batchSize: 4).CollectAsync())[0];
        Assert.That(batch.Id, Is.EqualTo(new long[] { 0, 1, 2, 3 }));
        Assert.That(dataset.AsType<DsSample>().ShardList, Is.EqualTo(dataset.ShardList));
    }

    [Test]
    public async Task DynamicSample_to_T_uses_the_generated_FromDynamic()
    {
        var raw = new Dataset<DynamicSample>(TestVectors.PathOf("python_fixture_test_samples.tar"));
        var typed = raw.AsType<FixtureSample>();
        Assert.That((await typed.Ordered().CollectAsync()).Select(s => s.Name), Is.EqualTo(new[] { "test_sample_0", "test_sample_1", "test_sample_2" }));
        var lens = LensRegistry.Default.Resolve<DynamicSample, FixtureSample>();
        Assert.That(lens.Name, Is.EqualTo("FixtureSample.FromDynamic"));
    }
}
