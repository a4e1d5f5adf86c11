using ArticleReader.Web.Infrastructure;

// 'check [folder]' and 'subscribers export' run without starting the server.
if (CommandLine.TryRun(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddArticleReader();

var app = builder.Build();
app.UseArticleReader();
app.Run();
return 0;

/// <summary>The entry point; public so that tests can host the site.</summary>
public partial class Program;
