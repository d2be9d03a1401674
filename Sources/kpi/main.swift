import KPICLI

KPICommand.main()
