import './federation-globals.js';

// The async boundary Module Federation needs: shared singletons (bus, contract) are negotiated
// before any module that imports them runs.
void import('./start.js');
