using AbStudio.Bench;
using BenchmarkDotNet.Running;

// `export-vectors DIR` writes the exact-search data set for the NumPy peer; anything else goes to
// BenchmarkDotNet, e.g. --filter '*Evaluator*'.
if (args is ["export-vectors", var directory])
{
    UnitVectors.Export(directory);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
