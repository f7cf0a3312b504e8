using AzureGateway.Cli;

return await AzgwCommandLine.Create().Parse(args).InvokeAsync();
