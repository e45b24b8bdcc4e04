using AdminChat.Web;
var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();
var app = builder.Build();
app.UseAdminChat();
app.Run();

public partial class Program;
