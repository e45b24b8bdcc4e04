using AdminChat.Core.Storage;
using AdminChat.Web;
using AdminChat.Web.Accounts;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
await app.InitializeAccountsAsync();
app.UseAdminChat();
await app.RunAsync();

public partial class Program;
