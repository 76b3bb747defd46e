namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// One problem found in an import: where (file, line, field) and what to fix. <see cref="Line"/> is
/// 1-based; 0 means the file as a whole (missing, empty, too large).
/// </summary>
public sealed record ImportError(string File, int Line, string Field, string Message)
{
    /// <summary><c>file:line: field: message</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}
