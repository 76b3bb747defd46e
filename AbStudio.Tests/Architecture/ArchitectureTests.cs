using System.Reflection;
using AbStudio.Domain.Persistence;
using NetArchTest.Rules;
using ArchResult = NetArchTest.Rules.TestResult;

namespace AbStudio.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md ("Dependency rules"), read from the compiled engine:
/// every type, its fields, method signatures and bodies, base types and compiler-generated helpers
/// (async state machines, lambdas) included.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Domain = "AbStudio.Domain";
    private const string Evaluation = "AbStudio.Domain.Evaluation";
    private const string Retrieval = "AbStudio.Domain.Retrieval";
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string EfCore = "Microsoft.EntityFrameworkCore";
    private const string HttpClient = "System.Net.Http";

    private static readonly Assembly DomainAssembly = typeof(AbStudioDbContext).Assembly;

    [Fact]
    public void Domain_AllTypes_ReferenceNoAspNetCore() => AssertNoDependency(Domain, AspNetCore);

    [Fact]
    public void Evaluation_AllTypes_ReferenceNeitherEfCoreNorHttpClient() => AssertNoDependency(Evaluation, EfCore, HttpClient);

    [Fact]
    public void Retrieval_AllTypes_ReferenceNeitherEfCoreNorHttpClient() => AssertNoDependency(Retrieval, EfCore, HttpClient);

    // The rules above pass vacuously if the checker sees no dependencies at all: these show it does.
    [Theory]
    [InlineData("AbStudio.Domain.Persistence", EfCore)]
    [InlineData("AbStudio.Domain.Embeddings.Remote", HttpClient)]
    public void Checker_NamespaceKnownToUseTheDependency_ReportsIt(string @namespace, string dependency)
    {
        var result = Types.InAssembly(DomainAssembly).That().ResideInNamespace(@namespace)
            .ShouldNot().HaveDependencyOnAny(dependency).GetResult();

        Assert.False(result.IsSuccessful, $"Expected types in {@namespace} to be seen depending on {dependency}.");
    }

    private static void AssertNoDependency(string @namespace, params string[] forbidden)
    {
        var types = Types.InAssembly(DomainAssembly).That().ResideInNamespace(@namespace);
        Assert.True(types.GetTypes().Any(), $"No types in {@namespace}: was the namespace renamed? Update this test and docs/architecture.md.");

        var result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"""
            {@namespace} must not depend on {string.Join(" or ", forbidden)} (docs/architecture.md, "Dependency rules").
            Offending types:
              {string.Join(Environment.NewLine + "  ", Offenders(result))}
            """);
    }

    // Async methods and lambdas compile to nested types (Outer/<ScoreAsync>d__1): name the type a reader wrote.
    private static IEnumerable<string> Offenders(ArchResult result) =>
        (result.FailingTypeNames ?? []).Select(name => name.Split('/', '+')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
