namespace ArticleReader.Tests.Reliability;

/// <summary>
/// Tests that run the site as a separate process under load. They run on their own, after the
/// parallel tests, so that a 2-core machine gives them its time and they do not starve others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessCollection
{
    public const string Name = "Real process";
}
