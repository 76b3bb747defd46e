namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>One problem in a test definition: where (a JSON path such as <c>arms[1].retrieval.mode</c>) and what to fix.</summary>
public sealed record DefinitionProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A test definition that cannot be run, with every problem found.</summary>
public sealed class TestDefinitionException(string source, IReadOnlyList<DefinitionProblem> problems)
    : Exception($"{source}: {string.Join("; ", problems)}")
{
    public string DefinitionSource { get; } = source;
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
