using AbStudio.Bench;
using BenchmarkDotNet.Running;

// `export-vectors DIR` writes the exact-search data set for the NumPy peer; `pgvector CONNECTION
// [flat|hnsw] [ROWS_PER_BATCH]` times the pgvector store; anything else goes to BenchmarkDotNet,
// e.g. --filter '*Evaluator*'.
if (args is ["export-vectors", var directory])
{
    UnitVectors.Export(directory);
    return;
}

if (args is ["pgvector", var connectionString, .. var rest])
{
    var indexKind = rest.Length > 0 ? rest[0] : AbStudio.Domain.Collections.Storage.VectorIndexKind.Flat;
    var batchRows = rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
    await PgvectorTimings.RunAsync(connectionString, indexKind, batchRows);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
