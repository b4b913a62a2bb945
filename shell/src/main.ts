import './federation-globals.js';
import { isFramedBySalesforce } from './host/framing.js';
import { askForOpenCtiAhead } from './host/open-cti-ahead.js';

// Before the shell's own code has loaded and run: Open CTI's script comes from Salesforce's domain.
if (isFramedBySalesforce(window.location)) askForOpenCtiAhead(window.location);

// The async boundary Module Federation needs: shared singletons (bus, contract) are negotiated
// before any module that imports them runs.
void import('./start.js');
