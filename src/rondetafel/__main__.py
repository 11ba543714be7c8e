from rondetafel.cli import main

main()
