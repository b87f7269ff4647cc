type mod.Alias = int
