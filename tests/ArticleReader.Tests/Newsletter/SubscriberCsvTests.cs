using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Newsletter;

public sealed class SubscriberCsvTests
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 26, 6, 30, 12, TimeSpan.Zero);

    [Fact]
    public void Header_IsTheDocumentedColumns()
    {
        Assert.Equal("email,subscribed_at_utc,source_path", SubscriberCsv.Header);
    }

    [Fact]
    public void WriteAll_ThenReadAll_RoundTripsAwkwardValues()
    {
        var records = new[]
        {
            new SubscriberRecord("reader@example.com", Moment.AddTicks(1234567), "/articles/plain"),
            new SubscriberRecord("a@example.com", Moment, "/a,b,c"),
            new SubscriberRecord("b@example.com", Moment, "/say \"hi\""),
            new SubscriberRecord("c@example.com", Moment, "/line1\nline2"),
            new SubscriberRecord("d@example.com", Moment, "/crlf\r\nnext"),
            new SubscriberRecord("e@example.com", Moment, "=cmd|' /C calc'!A0"),
            new SubscriberRecord("f@example.com", Moment, "+1"),
            new SubscriberRecord("g@example.com", Moment, "-2"),
            new SubscriberRecord("h@example.com", Moment, "@x"),
            new SubscriberRecord("i@example.com", Moment, "'already quoted"),
            new SubscriberRecord("j@example.com", Moment, "\tTab"),
            new SubscriberRecord("-2@example.com", Moment, "=1,\"2\"\n"),
            new SubscriberRecord("k@example.com", Moment, ""),
            new SubscriberRecord("l@example.com", Moment, "/ünïcødé/文章"),
        };
        using var writer = new StringWriter();

        SubscriberCsv.WriteAll(writer, records);
        var text = writer.ToString();
        var back = SubscriberCsv.ReadAll(new StringReader(text)).ToList();

        Assert.StartsWith("email,subscribed_at_utc,source_path\r\n", text, StringComparison.Ordinal);
        Assert.Equal(records, back);
    }

    [Theory]
    [InlineData("=cmd", "'=cmd")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@x", "'@x")]
    [InlineData("'x", "''x")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("a\nb", "\"a\nb\"")]
    [InlineData("a\rb", "\"a\rb\"")]
    [InlineData("/plain/path", "/plain/path")]
    [InlineData("mid=dle-+@", "mid=dle-+@")]
    public void FormatField_GuardsFormulasAndQuotes(string value, string expected)
    {
        Assert.Equal(expected, SubscriberCsv.FormatField(value));
    }

    [Fact]
    public void FormatRecord_UsesIsoUtcTimestampWithZ()
    {
        var local = new DateTimeOffset(2026, 11, 26, 7, 30, 12, TimeSpan.FromHours(1)).AddTicks(1234567);

        var line = SubscriberCsv.FormatRecord(new SubscriberRecord("a@example.com", local, "/p"));

        Assert.Equal("a@example.com,2026-11-26T06:30:12.1234567Z,/p", line);
    }

    [Fact]
    public void TryParseRecord_FormulaGuardedValues_AreRestored()
    {
        Assert.True(SubscriberCsv.TryParseRecord("a@example.com,2026-11-26T06:30:12.0000000Z,'=cmd", out var record));

        Assert.Equal("=cmd", record.SourcePath);
        Assert.Equal(Moment, record.SubscribedAtUtc);
    }

    [Theory]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000Z")]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000Z,/p,extra")]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000Z,\"/unterminated")]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000Z,/bare\"quote")]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000Z,\"/x\"junk")]
    [InlineData("a@example.com,yesterday,/p")]
    [InlineData("a@example.com,2026-11-26T06:30:12.0000000+01:00,/p")]
    [InlineData(",2026-11-26T06:30:12.0000000Z,/p")]
    [InlineData("a@example.com,2026-11-26T06:3")]
    [InlineData("")]
    public void TryParseRecord_Malformed_ReturnsFalse(string line)
    {
        Assert.False(SubscriberCsv.TryParseRecord(line, out _));
    }

    [Fact]
    public void ReadAll_WrongHeader_ThrowsWithoutEchoingData()
    {
        var ex = Assert.Throws<FormatException>(() => SubscriberCsv.ReadAll(new StringReader("mail,when\r\nx@example.com,now\r\n")).ToList());

        Assert.DoesNotContain("x@example.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_MalformedRecord_NamesLineNotAddress()
    {
        var text = "email,subscribed_at_utc,source_path\r\nsecret@example.com,not-a-date,/p\r\n";

        var ex = Assert.Throws<FormatException>(() => SubscriberCsv.ReadAll(new StringReader(text)).ToList());

        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
