using AdminChat.Core.Storage;
using AdminChat.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.UseAdminChat();
await app.RunAsync();

public partial class Program;
