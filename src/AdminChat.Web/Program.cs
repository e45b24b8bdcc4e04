using AdminChat.Core.Storage;
using AdminChat.Web;
using AdminChat.Web.Accounts;
using AdminChat.Web.Cli;

// `status`, `verify` and `nginx` run an operator command instead of the web host.
if (CliCommands.IsCommand(args))
{
    return await CliCommands.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
await app.InitializeAccountsAsync();
app.UseAdminChat();
await app.RunAsync();
return 0;

public partial class Program;
