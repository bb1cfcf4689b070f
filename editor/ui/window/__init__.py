"""The main window's chrome: menus, toolbar, docks, actions, welcome and preferences."""
