using BenchmarkDotNet.Running;

// Pass BenchmarkDotNet's own options through, e.g. --filter '*Evaluator*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
