using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace AbStudio.Tests.TestSupport;

/// <summary>A three-document BEIR dataset with test and dev judgments, built in memory for upload tests.</summary>
internal static class TinyBeir
{
    public static Dictionary<string, string> Files() => new(StringComparer.Ordinal)
    {
        ["corpus.jsonl"] =
            """
            {"_id": "d1", "title": "Aspirin", "text": "Aspirin lowers the risk of heart attack."}
            {"_id": "d2", "title": "Statins", "text": "Statins reduce cholesterol."}
            {"_id": "d3", "title": "Exercise", "text": "Regular exercise improves sleep."}

            """,
        ["queries.jsonl"] =
            """
            {"_id": "q1", "text": "does aspirin prevent heart attacks"}
            {"_id": "q2", "text": "what lowers cholesterol"}

            """,
        ["qrels/test.tsv"] = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\n",
        ["qrels/dev.tsv"] = "query-id\tcorpus-id\tscore\nq2\td3\t0\n",
    };

    public static byte[] Zip(IReadOnlyDictionary<string, string> files, string folder = "tiny/")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var entry = zip.CreateEntry(folder + name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    public static MultipartFormDataContent Form(IEnumerable<(string FileName, byte[] Bytes)> files, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", fileName);
        }

        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    public static MultipartFormDataContent ZipForm(string fileName = "tiny.zip", IReadOnlyDictionary<string, string>? fields = null, IReadOnlyDictionary<string, string>? files = null) =>
        Form([(fileName, Zip(files ?? Files()))], fields);
}
