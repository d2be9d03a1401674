import KPICLI

KPICommand.run()
