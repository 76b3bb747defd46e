namespace AbStudio.Tests.Repository;

/// <summary>
/// Every stylesheet the console serves closes each rule it opens. A rule left open swallows every
/// rule after it, silently: the page still renders, just wrongly (issue 14: best values not bold,
/// screen-reader text on screen, numbers wrapping), and a DOM assertion never notices.
/// </summary>
public sealed class StylesheetTests
{
    public static TheoryData<string> Stylesheets()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "wwwroot-assets", "AbStudio.Web" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.css", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Stylesheets))]
    public void Stylesheet_EveryRule_IsClosedBeforeTheNextOpens(string path)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, path));

        var (depth, line, problem) = Scan(text);

        Assert.True(problem is null && depth == 0, problem ?? $"{path}: {depth} rule(s) still open at the end of the file (the last one opened on line {line}).");
    }

    [Fact]
    public void Scan_RuleLeftOpen_IsCaughtNamingItsLine()
    {
        var (depth, line, _) = Scan(".a {\n  color: red;\n\n.b { color: blue; }\n");

        Assert.Equal((1, 1), (depth, line));
    }

    // Braces outside comments and strings; nested blocks (@media) are allowed.
    private static (int Depth, int OpenedOnLine, string? Problem) Scan(string css)
    {
        int depth = 0, line = 1, openedOn = 0;
        for (var i = 0; i < css.Length; i++)
        {
            var c = css[i];
            if (c == '\n')
            {
                line++;
            }
            else if (c == '/' && i + 1 < css.Length && css[i + 1] == '*')
            {
                var end = css.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return (depth, line, $"a comment opened on line {line} never closes");
                }

                line += css.AsSpan(i, end - i).Count('\n');
                i = end + 1;
            }
            else if (c is '"' or '\'')
            {
                var end = css.IndexOf(c, i + 1);
                i = end < 0 ? css.Length : end;
            }
            else if (c == '{')
            {
                if (depth == 0)
                {
                    openedOn = line;
                }

                depth++;
            }
            else if (c == '}' && --depth < 0)
            {
                return (depth, line, $"line {line} closes a rule that was never opened");
            }
        }

        return (depth, openedOn, null);
    }
}
