from cyfacts.cli import main

main()
