import SkepCommands

await SkepMain.run()
