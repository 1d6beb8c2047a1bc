namespace Atdata.Reliability.Tests.Corpus;

/// <summary>The typed sample the corpus's typed-decode inputs target (wire names <c>count</c>, <c>name</c>, <c>values</c>).</summary>
[Packable]
public partial record CorpusRecord(long Count, string Name, List<long>? Values = null);
